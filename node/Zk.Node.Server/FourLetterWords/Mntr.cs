using System.Text;
using Zk.Node.Server.Metrics;

namespace Zk.Node.Server.FourLetterWords;

/// <summary>mntr: zk_&lt;key&gt;\t&lt;value&gt; lines, Java-properties compatible.</summary>
internal sealed class Mntr : IFourLetterWord
{
    public string Name => "mntr";

    public string Execute(FourLetterContext context)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in MonitorValues.Collect(context))
        {
            text.Append("zk_").Append(key).Append('\t').Append(MonitorValues.Format(value)).Append('\n');
        }

        return text.ToString();
    }
}
