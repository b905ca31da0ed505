using MpiIo.Paper.Workload;

namespace MpiIo.Paper.Driver;

/// <summary>Turns options into the list of cases: the scaling sweep (ranks × I/O servers × APIs) and the request-size sweep.</summary>
internal static class SweepPlan
{
    /// <summary>Sweep name of the compute-process scaling cases (Figures 5–7).</summary>
    public const string Scaling = "scaling";

    /// <summary>Sweep name of the request-size cases.</summary>
    public const string RequestSize = "request";

    /// <summary>Every case, numbered from 0; files go under <paramref name="localDir"/> or <c>/paper</c> on the striped file system.</summary>
    public static List<PaperCase> Build(PaperOptions o, string localDir)
    {
        var cases = new List<PaperCase>();
        PaperApi[] apis = Apis(o.Apis);
        int maxServers = o.IoServers.Max();
        long BlockFor(int servers) => o.Block > 0 ? o.Block : o.BlockPerServer * servers;
        void Add(PaperImpl impl, PaperFs fs, PaperApi api, int ranks, int servers, long block, long request, string sweep)
        {
            int id = cases.Count;
            string path = fs == PaperFs.Pvfs ? $"/paper/c{id}" : Path.Combine(localDir, $"{impl.ToString().ToLowerInvariant()}-c{id}.dat");
            cases.Add(new PaperCase(id, impl, fs, api, ranks, fs == PaperFs.Pvfs ? servers : 0, block, request, o.StripeBytes, path, sweep));
        }
        void Local(int ranks, long block, long request, string sweep)
        {
            foreach (PaperApi api in apis)
                Add(PaperImpl.MpiIo, PaperFs.Local, api, ranks, 0, block, request, sweep);
            if (o.Peer)
                foreach (PaperApi api in apis)
                    if (api != PaperApi.Native)
                        Add(PaperImpl.Mpich, PaperFs.Local, api, ranks, 0, block, request, sweep);
        }
        foreach (int ranks in o.Ranks)
        {
            if (o.Pvfs)
                foreach (int servers in o.IoServers)
                    foreach (PaperApi api in apis)
                        Add(PaperImpl.MpiIo, PaperFs.Pvfs, api, ranks, servers, BlockFor(servers), BlockFor(servers), Scaling);
            if (o.Local)
                Local(ranks, BlockFor(maxServers), BlockFor(maxServers), Scaling);
        }
        foreach (long request in o.Requests)
        {
            if (o.Pvfs)
                foreach (PaperApi api in apis)
                    Add(PaperImpl.MpiIo, PaperFs.Pvfs, api, o.RequestRanks, maxServers, o.RequestBlock, request, RequestSize);
            if (o.Local)
                Local(o.RequestRanks, o.RequestBlock, request, RequestSize);
        }
        return cases;
    }

    private static PaperApi[] Apis(PaperApiSet set)
    {
        var list = new List<PaperApi>();
        if ((set & PaperApiSet.Native) != 0)
            list.Add(PaperApi.Native);
        if ((set & PaperApiSet.Independent) != 0)
            list.Add(PaperApi.Independent);
        if ((set & PaperApiSet.Collective) != 0)
            list.Add(PaperApi.Collective);
        return [.. list];
    }
}
