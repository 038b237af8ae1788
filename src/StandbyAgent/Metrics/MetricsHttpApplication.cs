using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace StandbyAgent.Metrics;

/// <summary>
/// The three GET endpoints, served by Kestrel without routing or middleware: <c>/metrics</c>
/// (Prometheus text), <c>/healthz</c> (200 while the process runs) and <c>/readyz</c> (200 when
/// streaming and hearing from the server, 503 with the reason otherwise).
/// </summary>
internal sealed class MetricsHttpApplication(PrometheusExporter exporter, ReadinessProbe readiness) : IHttpApplication<HttpContext>
{
    private const string PlainText = "text/plain; charset=utf-8";

    public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

    public void DisposeContext(HttpContext context, Exception? exception)
    {
    }

    public Task ProcessRequestAsync(HttpContext context)
    {
        HttpResponse response = context.Response;
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            response.Headers.Allow = HttpMethods.Get;
            return WriteTextAsync(response, StatusCodes.Status405MethodNotAllowed, "only GET is served\n");
        }

        switch (context.Request.Path.Value)
        {
            case "/metrics":
                return WriteMetricsAsync(response);
            case "/healthz":
                return WriteTextAsync(response, StatusCodes.Status200OK, "ok\n");
            case "/readyz":
                Readiness answer = readiness.Check();
                return WriteTextAsync(response, answer.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, answer.Reason + "\n");
            default:
                return WriteTextAsync(response, StatusCodes.Status404NotFound, "not found: try /metrics, /healthz or /readyz\n");
        }
    }

    private static Task WriteTextAsync(HttpResponse response, int statusCode, string text)
    {
        response.StatusCode = statusCode;
        response.ContentType = PlainText;
        return response.WriteAsync(text);
    }

    private async Task WriteMetricsAsync(HttpResponse response)
    {
        response.ContentType = PrometheusExporter.ContentType;
        exporter.Scrape(
            static (exposition, response) =>
            {
                // One span sized by the hint: before the response has started, Kestrel's writer
                // hands out an empty span to a hint-less GetSpan once 4 kB are buffered, which
                // BuffersExtensions.Write does not survive.
                response.ContentLength = exposition.Length;
                exposition.CopyTo(response.BodyWriter.GetSpan(exposition.Length));
                response.BodyWriter.Advance(exposition.Length);
            },
            response);
        await response.BodyWriter.FlushAsync();
    }
}
