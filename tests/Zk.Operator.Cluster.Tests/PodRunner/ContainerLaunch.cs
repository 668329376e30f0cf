using System.Diagnostics;
using System.Text;

namespace Zk.Operator.Cluster.Tests.PodRunner;

/// <summary>
/// Starts one container as a process: in the pod's network namespace (nsenter), in a new mount and UTS namespace
/// (unshare) where a shell script builds the container's root — a tmpfs with the host's /usr, /etc and the
/// /bin-style links read-only, a few devices, /proc, /sys read-only, the image's application folder and the
/// volumes at their mountPaths, the pod's hosts file — sets the hostname to the pod name, makes the root read-only
/// when asked, and execs chroot, setpriv (user, groups, no capabilities) and the command. Every exec replaces
/// the process, so the started process id is the container's main process, which probes enter with nsenter.
/// </summary>
internal static class ContainerLaunch
{
    public static Process Start(
        string netns,
        string hostname,
        string rootDirectory,
        string scriptPath,
        string hostsFile,
        IReadOnlyList<ContainerMount> mounts,
        ContainerIdentity identity,
        string workingDirectory,
        IReadOnlyList<string> commandLine,
        IReadOnlyDictionary<string, string> environment,
        Action<string> log)
    {
        Directory.CreateDirectory(rootDirectory);
        File.WriteAllText(scriptPath, Script(hostname, rootDirectory, hostsFile, mounts, identity, workingDirectory, commandLine));
        var info = new ProcessStartInfo("nsenter") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--net=/var/run/netns/" + netns, "--", "unshare", "--mount", "--uts", "--propagation", "private", "--", "/bin/sh", scriptPath })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Forward(e.Data, log);
        process.ErrorDataReceived += (_, e) => Forward(e.Data, log);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs <paramref name="command"/> inside a running container (exec probes), as the container's user.</summary>
    public static ProcessStartInfo Exec(int mainProcess, ContainerIdentity identity, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("nsenter") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--target", mainProcess.ToString(System.Globalization.CultureInfo.InvariantCulture), "--mount", "--uts", "--net", "--root", "--wd", "--", "setpriv" }
                     .Concat(identity.SetprivArguments()).Append("--").Concat(command))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    private static void Forward(string? line, Action<string> log)
    {
        if (line is not null)
        {
            log(line);
        }
    }

    private static string Script(
        string hostname,
        string root,
        string hostsFile,
        IReadOnlyList<ContainerMount> mounts,
        ContainerIdentity identity,
        string workingDirectory,
        IReadOnlyList<string> commandLine)
    {
        var s = new StringBuilder("set -eu\n");
        string r = Quote(root);
        s.Append($"mount -t tmpfs -o mode=0755 container-root {r}\n");
        foreach (var dir in new[] { "usr", "etc", "dev", "proc", "sys", "tmp", "run" })
        {
            s.Append($"mkdir -p {r}/{dir}\n");
        }

        foreach (var link in new[] { "bin", "sbin", "lib", "lib32", "lib64", "libx32" })
        {
            s.Append($"if [ -L /{link} ]; then ln -s \"$(readlink /{link})\" {r}/{link}; elif [ -d /{link} ]; then mkdir {r}/{link}; mount --bind /{link} {r}/{link}; mount -o remount,bind,ro {r}/{link}; fi\n");
        }

        foreach (var dir in new[] { "usr", "etc", "sys" })
        {
            s.Append($"mount --bind /{dir} {r}/{dir}\nmount -o remount,bind,ro {r}/{dir}\n");
        }

        s.Append($"mount --bind {Quote(hostsFile)} {r}/etc/hosts\n");
        s.Append($"mount -t tmpfs -o mode=1777 container-tmp {r}/tmp\n");
        s.Append($"mount -t tmpfs -o mode=0755 container-dev {r}/dev\n");
        foreach (var device in new[] { "null", "zero", "full", "random", "urandom", "tty" })
        {
            s.Append($"touch {r}/dev/{device}\nmount --bind /dev/{device} {r}/dev/{device}\n");
        }

        s.Append($"mkdir -p {r}/dev/shm\nmount -t tmpfs -o mode=1777 container-shm {r}/dev/shm\n");
        s.Append($"mount -t proc proc {r}/proc\n");
        foreach (var mount in mounts)
        {
            string target = r + Quote(mount.MountPath);
            s.Append($"mkdir -p {target}\nmount --bind {Quote(mount.HostPath)} {target}\n");
            if (mount.ReadOnly)
            {
                s.Append($"mount -o remount,bind,ro {target}\n");
            }
        }

        s.Append($"mkdir -p {r}{Quote(workingDirectory)}\n");
        if (identity.ReadOnlyRoot)
        {
            s.Append($"mount -o remount,ro {r}\n");
        }

        s.Append($"hostname {Quote(hostname)}\n");
        s.Append($"exec chroot {r} setpriv {string.Join(' ', identity.SetprivArguments())} -- env -C {Quote(workingDirectory)} -- {string.Join(' ', commandLine.Select(Quote))}\n");
        return s.ToString();
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
