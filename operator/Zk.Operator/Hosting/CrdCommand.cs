using Zk.Operator.Core.Crd;

namespace Zk.Operator.Hosting;

/// <summary><c>zk-operator crd [--output FILE]</c>: the ZkEnsemble CRD generated from the C# types, to a file or stdout.</summary>
public static class CrdCommand
{
    public static int Run(string? output, TextWriter stdout)
    {
        string yaml = CrdGenerator.ZkEnsembleYaml();
        if (output is { Length: > 0 } path)
        {
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllText(path, yaml);
            stdout.WriteLine($"wrote {path}");
        }
        else
        {
            stdout.Write(yaml);
        }

        return 0;
    }
}
