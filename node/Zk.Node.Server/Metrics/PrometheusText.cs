using System.Text;
using Zk.Node.Server.FourLetterWords;

namespace Zk.Node.Server.Metrics;

/// <summary>The Prometheus text exposition of the numeric monitor values (ZooKeeper's metricsProvider.httpPort).</summary>
internal static class PrometheusText
{
    public static string Render(FourLetterContext context)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in MonitorValues.Collect(context))
        {
            if (value is string)
            {
                continue;
            }

            text.Append("# TYPE ").Append(key).Append(" gauge\n");
            text.Append(key).Append(' ').Append(MonitorValues.Format(value)).Append('\n');
        }

        return text.ToString();
    }
}
