namespace Zk.Operator.Hosting;

/// <summary>A mistake of the user (a bad flag or environment value): printed as one line on stderr, exit 2.</summary>
public sealed class UserError : Exception
{
    public UserError()
    {
    }

    public UserError(string message)
        : base(message)
    {
    }

    public UserError(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
