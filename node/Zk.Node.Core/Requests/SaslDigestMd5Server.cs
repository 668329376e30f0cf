using System.Security.Cryptography;
using System.Text;

namespace Zk.Node.Core.Requests;

/// <summary>
/// The server side of SASL DIGEST-MD5 (RFC 2831) as ZooKeeper's Java SaslServer runs it, with qop=auth only:
/// <code>
/// client: ""                                   (an empty first token: DIGEST-MD5 has no initial response)
/// server: realm="zk-sasl-md5",nonce="…",qop="auth",charset=utf-8,algorithm=md5-sess
/// client: username="u",realm="zk-sasl-md5",nonce="…",nc=00000001,cnonce="…",digest-uri="zookeeper/zk-sasl-md5",
///         maxbuf=65536,response=&lt;32 hex&gt;,qop=auth[,charset=utf-8][,authzid="u"]
/// server: rspauth=&lt;32 hex&gt;                  (complete: the connection gains id sasl:u)
/// </code>
/// response = HEX(MD5(HEX(MD5(A1)) ":" nonce ":" nc ":" cnonce ":" qop ":" HEX(MD5(A2)))) with
/// A1 = MD5(user ":" realm ":" password) ":" nonce ":" cnonce [":" authzid] and A2 = "AUTHENTICATE:" digest-uri;
/// rspauth uses A2 = ":" digest-uri.
/// </summary>
internal sealed class SaslDigestMd5Server
{
    public const string Realm = "zk-sasl-md5";

    private readonly IReadOnlyDictionary<string, string> _users;
    private readonly string _nonce;
    private int _step;

    /// <param name="nonce">Fresh per exchange; the caller draws it from the core's seeded random source.</param>
    public SaslDigestMd5Server(IReadOnlyDictionary<string, string> users, string nonce)
    {
        _users = users;
        _nonce = nonce;
    }

    public bool IsComplete { get; private set; }

    /// <summary>The authenticated user once <see cref="IsComplete"/>.</summary>
    public string? AuthorizationId { get; private set; }

    /// <summary>Consumes one client token and returns the server's answer; null means authentication failed.</summary>
    public byte[]? Evaluate(ReadOnlySpan<byte> clientToken)
    {
        switch (_step)
        {
            case 0:
                _step = 1;
                return Encoding.UTF8.GetBytes($"realm=\"{Realm}\",nonce=\"{_nonce}\",qop=\"auth\",charset=utf-8,algorithm=md5-sess");
            case 1:
                _step = 2;
                return VerifyResponse(clientToken);
            default:
                return null;
        }
    }

    private byte[]? VerifyResponse(ReadOnlySpan<byte> clientToken)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(clientToken);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var fields = ParseDirectives(text);
        if (fields is null
            || !fields.TryGetValue("username", out string? user)
            || !fields.TryGetValue("nonce", out string? nonce)
            || !fields.TryGetValue("cnonce", out string? cnonce)
            || !fields.TryGetValue("nc", out string? nc)
            || !fields.TryGetValue("digest-uri", out string? digestUri)
            || !fields.TryGetValue("response", out string? response)
            || nonce != _nonce
            || !_users.TryGetValue(user, out string? password))
        {
            return null;
        }

        string qop = fields.GetValueOrDefault("qop") ?? "auth";
        string realm = fields.GetValueOrDefault("realm") ?? Realm;
        string? authzid = fields.GetValueOrDefault("authzid");
        if (qop != "auth" || (authzid is not null && authzid != user))
        {
            return null;
        }

        byte[] a1 = BuildA1(user, realm, password, nonce, cnonce, authzid);
        string expected = Kd(a1, nonce, nc, cnonce, qop, "AUTHENTICATE:" + digestUri);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(response.ToLowerInvariant())))
        {
            return null;
        }

        IsComplete = true;
        AuthorizationId = user;
        return Encoding.UTF8.GetBytes("rspauth=" + Kd(a1, nonce, nc, cnonce, qop, ":" + digestUri));
    }

    private static byte[] BuildA1(string user, string realm, string password, string nonce, string cnonce, string? authzid)
    {
        byte[] inner = Md5(Encoding.UTF8.GetBytes($"{user}:{realm}:{password}"));
        string tail = authzid is null ? $":{nonce}:{cnonce}" : $":{nonce}:{cnonce}:{authzid}";
        return [.. inner, .. Encoding.UTF8.GetBytes(tail)];
    }

    private static string Kd(byte[] a1, string nonce, string nc, string cnonce, string qop, string a2)
    {
        string ha1 = Hex(Md5(a1));
        string ha2 = Hex(Md5(Encoding.UTF8.GetBytes(a2)));
        return Hex(Md5(Encoding.UTF8.GetBytes($"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}")));
    }

#pragma warning disable CA5351 // DIGEST-MD5 is defined over MD5; the mechanism, not this code, chooses the hash.
    private static byte[] Md5(byte[] input) => MD5.HashData(input);
#pragma warning restore CA5351

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>RFC 2831 directives: name=value or name="quoted\"value", comma separated; null if malformed.</summary>
    internal static Dictionary<string, string>? ParseDirectives(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            if (i >= text.Length)
            {
                break;
            }

            int eq = text.IndexOf('=', i);
            if (eq < 0)
            {
                return null;
            }

            string name = text[i..eq].Trim();
            i = eq + 1;
            var value = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    value.Append(text[i]);
                    i++;
                }

                if (i >= text.Length)
                {
                    return null;
                }

                i++;
            }
            else
            {
                while (i < text.Length && text[i] != ',')
                {
                    value.Append(text[i]);
                    i++;
                }
            }

            // RFC 2831: a directive that appears twice makes the whole message invalid.
            if (!result.TryAdd(name, value.ToString().Trim()))
            {
                return null;
            }
        }

        return result;
    }
}
