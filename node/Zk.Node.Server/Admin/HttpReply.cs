namespace Zk.Node.Server.Admin;

internal sealed record HttpReply(int Status, string ContentType, string Body)
{
    public static HttpReply Json(int status, string body) => new(status, "application/json", body);

    public static HttpReply Text(string body) => new(200, "text/plain; version=0.0.4; charset=utf-8", body);
}
