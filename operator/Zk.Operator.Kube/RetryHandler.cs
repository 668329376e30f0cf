using System.Net;

namespace Zk.Operator.Kube;

/// <summary>
/// Bounded retries under the official client's HttpClient: 429 (honouring Retry-After), 5xx and
/// connection failures back off exponentially with jitter; other answers pass through at once. The
/// client buffers request bodies, so a request can be sent again as is.
/// </summary>
internal sealed class RetryHandler(KubernetesApiOptions options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            bool last = attempt >= options.MaxAttempts;
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested && !last)
            {
                // Connection refused/reset or a timeout: the server may be restarting.
                await DelayAsync(Backoff.Delay(attempt - 1, options.InitialBackoff, options.MaxBackoff, options.Random), cancellationToken);
                continue;
            }

            bool retryable = response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
            if (!retryable || last)
            {
                return response;
            }

            var delay = RetryAfter(response) ?? Backoff.Delay(attempt - 1, options.InitialBackoff, options.MaxBackoff, options.Random);
            response.Dispose();
            await DelayAsync(delay, cancellationToken);
        }
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, options.TimeProvider, cancellationToken);

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? delay = header?.Delta ?? (header?.Date is { } date ? date - options.TimeProvider.GetUtcNow() : null);
        if (delay is null)
        {
            return null;
        }

        return delay.Value < TimeSpan.Zero ? TimeSpan.Zero : delay.Value > options.MaxRetryAfter ? options.MaxRetryAfter : delay.Value;
    }
}
