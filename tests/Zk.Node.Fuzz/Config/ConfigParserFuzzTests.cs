using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Zk.Node.Fuzz.Support;
using Zk.Node.Server.Config;

namespace Zk.Node.Fuzz.Config;

/// <summary>
/// Property tests of the configuration parsers: zoo.cfg (with its dynamic file and myid), and the JAAS file.
/// A config is either parsed or refused with <see cref="ConfigException"/> naming the key or line.
/// </summary>
public sealed class ConfigParserFuzzTests
{
    private static readonly Gen<string> Lines = Gen.Elements(
        "dataDir=/tmp/zk", "tickTime=2000", "tickTime=-1", "tickTime=99999999999", "initLimit=10", "syncLimit=5",
        "clientPort=2181", "clientPort=70000", "clientPortAddress=127.0.0.1", "maxClientCnxns=60", "minSessionTimeout=4000",
        "maxSessionTimeout=40000", "standaloneEnabled=false", "reconfigEnabled=true", "reconfigEnabled=maybe",
        "dynamicConfigFile=/tmp/zk/zoo.cfg.dynamic", "4lw.commands.whitelist=srvr, ruok, *", "4lw.commands.whitelist=toolong",
        "server.1=127.0.0.1:2888:3888;2181", "server.2=127.0.0.1:2889:3889:observer;127.0.0.1:2182",
        "server.300=a:1:2", "server.x=a:1:2", "server.3=[::1]:2888:3888:participant;[::1]:2181", "server.4=host",
        "group.1=1:2", "weight.1=1", "DigestAuthenticationProvider.superDigest=super:abc=", "authProvider.1=x",
        "# comment", "! comment", "", "   ", "key", "=value", ":", "a:b", "jute.maxbuffer=0x10", "globalOutstandingLimit=1000");

    private static readonly Gen<string> ZooCfg =
        Gen.ListOf(Gen.Frequency((8, Lines), (1, JuteGen.String))).Select(lines => string.Join('\n', lines));

    private static readonly Gen<string> HostileText =
        Gen.OneOf(ZooCfg, Mutations.Hostile(ZooCfg.Select(Encoding.UTF8.GetBytes)).Select(Encoding.UTF8.GetString));

    private static readonly Gen<string> Jaas =
        from users in Gen.ListOf(Gen.Elements("user_bob=\"secret\"", "user_a.b@c=\"\"", "user_=\"x\"", "user_x=unquoted", "user_y = \"p w\""))
        from module in Gen.Elements("org.apache.zookeeper.server.auth.DigestLoginModule required", "")
        from section in Gen.Elements("Server", "Client", "QuorumServer")
        select $"{section} {{\n  {module}\n  {string.Join("\n  ", users)};\n}};\n";

    [Fact]
    public void Zoo_cfg_with_dynamic_file_and_myid_parses_or_throws_ConfigException_naming_the_key()
    {
        var inputs = HostileText.Zip(HostileText).SelectMany(pair => HostileText.Select(myid => (Cfg: pair.Item1, Dynamic: pair.Item2, Myid: myid)));
        FuzzRun.ForAll(nameof(Zoo_cfg_with_dynamic_file_and_myid_parses_or_throws_ConfigException_naming_the_key), inputs, input =>
        {
            string? ReadFile(string path) => path.EndsWith("myid", StringComparison.Ordinal) ? input.Myid : input.Dynamic;
            ParsesOrNamesTheKey(() => ServerConfig.From(ZooCfgFile.Parse(input.Cfg), _ => { }, ReadFile));
        });
    }

    [Fact]
    public void Jaas_files_parse_or_throw_ConfigException()
    {
        var inputs = Gen.OneOf(Jaas, Mutations.Hostile(Jaas.Select(Encoding.UTF8.GetBytes)).Select(Encoding.UTF8.GetString));
        FuzzRun.ForAll(nameof(Jaas_files_parse_or_throw_ConfigException), inputs,
            text => ParsesOrNamesTheKey(() => JaasConfig.ParseServerUsers(text, "jaas.conf")));
    }

    private static void ParsesOrNamesTheKey(Action parse)
    {
        try
        {
            parse();
        }
        catch (ConfigException e)
        {
            Assert.StartsWith("invalid configuration '", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("invalid configuration ''", e.Message, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is not ConfigException)
        {
            throw new HostileInputException($"{e.GetType().Name} instead of ConfigException: {e.Message}", e);
        }
    }
}
