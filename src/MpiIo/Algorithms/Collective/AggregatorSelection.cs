using System.Globalization;
using MpiIo.Mpi;

namespace MpiIo.Algorithms.Collective;

/// <summary>
/// Chooses the aggregators of two-phase I/O from <c>cb_config_list</c> and <c>cb_nodes</c>, as ROMIO does:
/// the list is <c>host:count</c> entries (<c>*</c> for any host, <c>*</c> for every rank of it; count 1 when
/// omitted), taken in order, each adding up to <c>count</c> not yet chosen ranks of every matching node;
/// <c>cb_nodes</c> then caps the total. The default <c>*:1</c> is one aggregator per node.
/// </summary>
internal static class AggregatorSelection
{
    /// <summary>The aggregator ranks, in node order and, within a node, in rank order.</summary>
    /// <param name="nodeOf">For each rank, an id of its node (the same for all ranks of a node).</param>
    /// <param name="configList">The <c>cb_config_list</c> hint.</param>
    /// <param name="cbNodes">The <c>cb_nodes</c> hint (the cap), or a value ≤ 0 for none.</param>
    /// <param name="hostOfNode">The processor name of a node (only asked for when the list names hosts).</param>
    /// <exception cref="MpiException"><see cref="ErrorClass.InfoValue"/> for a malformed list.</exception>
    public static int[] Choose(ReadOnlySpan<int> nodeOf, string configList, long cbNodes, Func<int, string>? hostOfNode)
    {
        // Nodes in order of their first rank, each with its ranks in order.
        var nodes = new List<(int Id, List<int> Ranks)>();
        var index = new Dictionary<int, int>();
        for (int r = 0; r < nodeOf.Length; r++)
        {
            if (!index.TryGetValue(nodeOf[r], out int n))
            {
                n = nodes.Count;
                index[nodeOf[r]] = n;
                nodes.Add((nodeOf[r], []));
            }
            nodes[n].Ranks.Add(r);
        }
        var taken = new bool[nodeOf.Length];
        var chosen = new List<int>();
        foreach (var raw in configList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int colon = raw.LastIndexOf(':');
            string host = colon < 0 ? raw : raw[..colon];
            string countText = colon < 0 ? "1" : raw[(colon + 1)..];
            int count;
            if (countText == "*") count = int.MaxValue;
            else if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 0)
                throw new MpiException(ErrorClass.InfoValue, $"cb_config_list entry '{raw}' needs a count that is a number or *.");
            if (host.Length == 0)
                throw new MpiException(ErrorClass.InfoValue, $"cb_config_list entry '{raw}' names no host.");
            // Round-robin over the matching nodes (their first free rank, then their second, …), so that when
            // cb_nodes cuts the list the aggregators are spread over the nodes.
            var matching = new List<int>();
            for (int n = 0; n < nodes.Count; n++)
                if (host == "*" || (hostOfNode != null && string.Equals(hostOfNode(nodes[n].Id), host, StringComparison.Ordinal)))
                    matching.Add(n);
            var added = new int[nodes.Count];
            for (bool progress = true; progress;)
            {
                progress = false;
                foreach (int n in matching)
                {
                    if (added[n] >= count) continue;
                    int free = nodes[n].Ranks.FindIndex(r => !taken[r]);
                    if (free < 0) continue;
                    int r = nodes[n].Ranks[free];
                    taken[r] = true;
                    chosen.Add(r);
                    added[n]++;
                    progress = true;
                }
            }
        }
        if (chosen.Count == 0) chosen.Add(nodes.Count > 0 ? nodes[0].Ranks[0] : 0);
        if (cbNodes > 0 && chosen.Count > cbNodes) chosen.RemoveRange((int)cbNodes, chosen.Count - (int)cbNodes);
        chosen.Sort();
        return chosen.ToArray();
    }

    /// <summary>Checks the syntax of a <c>cb_config_list</c> value.</summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.InfoValue"/> naming the bad entry.</exception>
    public static void Validate(string configList) => Choose([0], configList, 0, static _ => "");

    /// <summary>Whether <paramref name="configList"/> names hosts (so processor names are needed).</summary>
    public static bool NamesHosts(string configList)
    {
        foreach (var raw in configList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int colon = raw.LastIndexOf(':');
            if ((colon < 0 ? raw : raw[..colon]) != "*") return true;
        }
        return false;
    }
}
