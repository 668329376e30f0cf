// The pod runner uses Linux namespaces, mounts and file modes: these tests exist only on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
