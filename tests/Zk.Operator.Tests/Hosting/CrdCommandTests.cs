using Zk.Operator.Core.Crd;
using Zk.Operator.Hosting;

namespace Zk.Operator.Tests.Hosting;

public sealed class CrdCommandTests
{
    [Fact]
    public void The_crd_command_writes_the_generated_crd_to_the_output_file()
    {
        string dir = Path.Combine(Path.GetTempPath(), "zk-operator-crd-" + Environment.ProcessId);
        string path = Path.Combine(dir, "nested", "zkensembles.yaml");
        try
        {
            int code = CrdCommand.Run(path, TextWriter.Null);

            Assert.Equal(0, code);
            Assert.Equal(CrdGenerator.ZkEnsembleYaml(), File.ReadAllText(path));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public void Without_an_output_the_crd_goes_to_stdout()
    {
        var stdout = new StringWriter();

        CrdCommand.Run(null, stdout);

        Assert.Equal(CrdGenerator.ZkEnsembleYaml(), stdout.ToString());
    }
}
