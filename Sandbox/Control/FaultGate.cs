using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sandbox.Storage;

namespace Sandbox.Control;

/// <summary>
/// Stands in front of a system's operations: while faults are armed for the system, each request that takes one waits
/// its delay and is answered with its status in the system's error shape, before any side effect or record; or, with
/// <see cref="FaultState.AfterApply"/>, after them, so the caller cannot tell whether its request was applied.
/// </summary>
/// <param name="system">The system whose faults this gate takes.</param>
/// <param name="respond">Builds the system's error answer from a status code and a message.</param>
internal sealed class FaultGate(string system, Func<int, string, IResult> respond) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var services = context.HttpContext.RequestServices;
        var cancellationToken = context.HttpContext.RequestAborted;
        var fault = await services.GetRequiredService<FaultStore>().TryTakeAsync(system, cancellationToken);
        if (fault is null)
        {
            return await next(context);
        }

        if (fault.DelayMs > 0)
        {
            var time = services.GetRequiredService<TimeProvider>();
            await Task.Delay(TimeSpan.FromMilliseconds(fault.DelayMs), time, cancellationToken);
        }

        if (fault.LetsThrough)
        {
            return await next(context);
        }

        if (fault.AfterApply)
        {
            // Processed (and recorded) in full; only the answer is lost on the way back.
            await next(context);
        }

        var which = fault.FailNext > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{fault.FailNext - 1} more request(s)")
            : string.Create(CultureInfo.InvariantCulture, $"1 in {fault.FailEvery} requests");
        var when = fault.AfterApply ? ", after processing each" : "";
        return respond(fault.Status, $"Simulated fault injected by the sandbox: {system} answers {fault.Status} to {which}{when}.");
    }
}
