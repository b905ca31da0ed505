! A 3-D subarray view written collectively from Fortran (MPICH's mpif90, the `use mpi` bindings), at any
! rank count (the tests run it at 4): a GX x GY x GZ array of default integers in Fortran order, element
! (i,j,k) (0-based) holding its global index i + GX*(j + GY*k), split over the process grid from
! MPI_DIMS_CREATE. Each rank sets a subarray filetype (MPI_ORDER_FORTRAN) as its view, writes its block with
! MPI_FILE_WRITE_ALL, reads it back with MPI_FILE_READ_ALL, and reads the whole file through the default view
! to check every element. A failed check prints a message and aborts with status 3.
! File left: fortran_subarray.dat (GX*GY*GZ*4 bytes). Built with fortran_where.c.
! usage: mpiexec -n 4 fortran_subarray OUTPUT_DIR
program fortran_subarray
  use mpi
  implicit none
  integer, parameter :: GX = 12, GY = 10, GZ = 6
  integer :: ierr, rank, nprocs, fh, filetype, d, i, j, k, n, count
  integer :: gsizes(3), subsizes(3), starts(3), psizes(3), coords(3)
  integer :: status(MPI_STATUS_SIZE)
  integer(kind=MPI_OFFSET_KIND) :: disp, fsize
  integer, allocatable :: local(:,:,:), back(:,:,:), whole(:)
  character(len=4096) :: dir, path

  call MPI_INIT(ierr)
  call MPI_COMM_RANK(MPI_COMM_WORLD, rank, ierr)
  call MPI_COMM_SIZE(MPI_COMM_WORLD, nprocs, ierr)
  if (command_argument_count() < 1) then
    if (rank == 0) print '(a)', 'usage: fortran_subarray OUTPUT_DIR'
    call MPI_FINALIZE(ierr)
    stop 2
  end if
  call get_command_argument(1, dir)
  path = trim(dir) // '/fortran_subarray.dat'
  ! Which library answers the Fortran bindings (fortran_where.c), so the tests can tell the runs apart.
  if (rank == 0) call fortran_where()

  gsizes = (/ GX, GY, GZ /)
  psizes = 0
  call MPI_DIMS_CREATE(nprocs, 3, psizes, ierr)
  ! Fortran order: the first grid coordinate varies fastest with the rank.
  n = rank
  do d = 1, 3
    coords(d) = mod(n, psizes(d))
    n = n / psizes(d)
  end do
  do d = 1, 3
    subsizes(d) = gsizes(d) / psizes(d)
    starts(d) = coords(d) * subsizes(d)
    if (coords(d) == psizes(d) - 1) subsizes(d) = gsizes(d) - starts(d)
  end do

  allocate(local(subsizes(1), subsizes(2), subsizes(3)), back(subsizes(1), subsizes(2), subsizes(3)))
  do k = 1, subsizes(3)
    do j = 1, subsizes(2)
      do i = 1, subsizes(1)
        local(i, j, k) = global_index(starts(1) + i - 1, starts(2) + j - 1, starts(3) + k - 1)
      end do
    end do
  end do
  count = subsizes(1) * subsizes(2) * subsizes(3)

  call MPI_TYPE_CREATE_SUBARRAY(3, gsizes, subsizes, starts, MPI_ORDER_FORTRAN, MPI_INTEGER, filetype, ierr)
  call MPI_TYPE_COMMIT(filetype, ierr)

  if (rank == 0) call MPI_FILE_DELETE(trim(path), MPI_INFO_NULL, ierr)
  call MPI_BARRIER(MPI_COMM_WORLD, ierr)
  call MPI_FILE_OPEN(MPI_COMM_WORLD, trim(path), ior(MPI_MODE_CREATE, MPI_MODE_WRONLY), MPI_INFO_NULL, fh, ierr)
  call ok(ierr, 'MPI_FILE_OPEN for writing')
  disp = 0
  call MPI_FILE_SET_VIEW(fh, disp, MPI_INTEGER, filetype, 'native', MPI_INFO_NULL, ierr)
  call ok(ierr, 'MPI_FILE_SET_VIEW')
  call MPI_FILE_WRITE_ALL(fh, local, count, MPI_INTEGER, status, ierr)
  call ok(ierr, 'MPI_FILE_WRITE_ALL')
  call MPI_GET_COUNT(status, MPI_INTEGER, n, ierr)
  call check(n == count, 'MPI_FILE_WRITE_ALL status counts the wrong number of integers')
  call MPI_FILE_CLOSE(fh, ierr)
  call ok(ierr, 'MPI_FILE_CLOSE after writing')

  call MPI_FILE_OPEN(MPI_COMM_WORLD, trim(path), MPI_MODE_RDONLY, MPI_INFO_NULL, fh, ierr)
  call ok(ierr, 'MPI_FILE_OPEN for reading')
  call MPI_FILE_GET_SIZE(fh, fsize, ierr)
  call ok(ierr, 'MPI_FILE_GET_SIZE')
  call check(fsize == int(GX * GY * GZ * 4, MPI_OFFSET_KIND), 'the file has the wrong size')
  call MPI_FILE_SET_VIEW(fh, disp, MPI_INTEGER, filetype, 'native', MPI_INFO_NULL, ierr)
  call ok(ierr, 'MPI_FILE_SET_VIEW for reading')
  back = -1
  call MPI_FILE_READ_ALL(fh, back, count, MPI_INTEGER, status, ierr)
  call ok(ierr, 'MPI_FILE_READ_ALL')
  call check(all(back == local), 'MPI_FILE_READ_ALL did not return the block written')

  ! The whole file through the default (byte) view: every element holds its global index.
  call MPI_FILE_SET_VIEW(fh, disp, MPI_BYTE, MPI_BYTE, 'native', MPI_INFO_NULL, ierr)
  call ok(ierr, 'MPI_FILE_SET_VIEW back to bytes')
  allocate(whole(GX * GY * GZ))
  whole = -1
  call MPI_FILE_READ_AT_ALL(fh, disp, whole, GX * GY * GZ, MPI_INTEGER, status, ierr)
  call ok(ierr, 'MPI_FILE_READ_AT_ALL of the whole file')
  do n = 1, GX * GY * GZ
    if (whole(n) /= n - 1) then
      print '(a,i0,a,i0,a,i0)', 'fortran_subarray: rank ', rank, ': file element ', n - 1, ' holds ', whole(n)
      call MPI_ABORT(MPI_COMM_WORLD, 3, ierr)
    end if
  end do
  call MPI_FILE_CLOSE(fh, ierr)
  call ok(ierr, 'MPI_FILE_CLOSE after reading')
  call MPI_TYPE_FREE(filetype, ierr)
  call MPI_BARRIER(MPI_COMM_WORLD, ierr)
  if (rank == 0) print '(a)', 'fortran_subarray: OK'
  call MPI_FINALIZE(ierr)

contains

  integer function global_index(i, j, k)
    integer, intent(in) :: i, j, k
    global_index = i + GX * (j + GY * k)
  end function global_index

  subroutine ok(code, what)
    integer, intent(in) :: code
    character(len=*), intent(in) :: what
    integer :: e, len
    character(len=MPI_MAX_ERROR_STRING) :: msg
    if (code /= MPI_SUCCESS) then
      call MPI_ERROR_STRING(code, msg, len, e)
      print '(a,i0,a,a,a,a)', 'fortran_subarray: rank ', rank, ': ', what, ' failed: ', msg(1:len)
      call MPI_ABORT(MPI_COMM_WORLD, 3, e)
    end if
  end subroutine ok

  subroutine check(cond, what)
    logical, intent(in) :: cond
    character(len=*), intent(in) :: what
    integer :: e
    if (.not. cond) then
      print '(a,i0,a,a)', 'fortran_subarray: rank ', rank, ': ', what
      call MPI_ABORT(MPI_COMM_WORLD, 3, e)
    end if
  end subroutine check

end program fortran_subarray
