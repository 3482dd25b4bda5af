using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace FunctionApp.Tests.Hosting;

/// <summary>One invocation the simulator made and what the app answered.</summary>
public sealed record Invocation(string Function, string MessageId, long DequeueCount, string MessageText, int Status, string Body)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>
/// Does what the Functions host does for the package's queue triggers: reads the queues their function.json files name,
/// posts each message to <c>/{FunctionName}</c> in an invocation envelope (in turn the ways the host encodes it), deletes
/// it when the app answers 2xx, and otherwise makes it visible again after <see cref="RetryDelay"/> (host.json's
/// visibilityTimeout), so it comes back with a higher dequeue count.
/// </summary>
public sealed class FunctionsHostSimulator(HttpClient app, IReadOnlyList<(string Function, QueueClient Queue)> triggers)
{
    private static readonly EnvelopeStyle[] Styles = [EnvelopeStyle.HostCode, EnvelopeStyle.Documented, EnvelopeStyle.ParsedObject];
    private int _sent;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public ConcurrentQueue<Invocation> Invocations { get; } = new();

    /// <summary>The queue triggers of an unpacked package: each function.json with a queueTrigger binding.</summary>
    public static IReadOnlyList<(string Function, QueueClient Queue)> QueueTriggers(string packageFolder, string connectionString)
    {
        var triggers = new List<(string, QueueClient)>();
        foreach (var file in Directory.GetFiles(packageFolder, "function.json", SearchOption.AllDirectories))
        {
            var binding = JsonNode.Parse(File.ReadAllText(file))!["bindings"]!.AsArray()[0]!;
            if (binding["type"]!.GetValue<string>() == "queueTrigger")
            {
                var name = Path.GetFileName(Path.GetDirectoryName(file))!;
                triggers.Add((name, new QueueClient(connectionString, binding["queueName"]!.GetValue<string>())));
            }
        }

        return triggers;
    }

    /// <summary>Delivers what is visible on every queue once, a batch a queue at a time, concurrently; returns how many.</summary>
    public async Task<int> PumpOnceAsync(CancellationToken cancellationToken)
    {
        var delivered = 0;
        await Task.WhenAll(triggers.Select(async trigger =>
        {
            await trigger.Queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            var messages = (await trigger.Queue.ReceiveMessagesAsync(16, TimeSpan.FromSeconds(30), cancellationToken)).Value;
            await Task.WhenAll(messages.Select(m => DeliverAsync(trigger.Function, trigger.Queue, m, cancellationToken)));
            Interlocked.Add(ref delivered, messages.Length);
        }));
        return delivered;
    }

    /// <summary>Pumps until <paramref name="done"/> says so; throws with the invocations so far after <paramref name="timeout"/>.</summary>
    public async Task RunUntilAsync(Func<Task<bool>> done, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (!await done())
        {
            if (cancellation.IsCancellationRequested)
            {
                throw new TimeoutException($"Not done after {timeout}. Invocations:{Environment.NewLine}{string.Join(Environment.NewLine, Invocations)}");
            }

            if (await PumpOnceAsync(CancellationToken.None) == 0)
            {
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    private async Task DeliverAsync(string function, QueueClient queue, QueueMessage message, CancellationToken cancellationToken)
    {
        var style = Styles[Interlocked.Increment(ref _sent) % Styles.Length];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/" + function)
        {
            Content = Envelopes.QueueMessage("message", message.MessageText, message.MessageId, message.DequeueCount, style),
        };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.Add("X-Azure-Functions-HostVersion", "4.1000.0.0");
        request.Headers.UserAgent.ParseAdd("Azure-Functions-Host/4.1000.0.0");
        using var response = await app.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var invocation = new Invocation(function, message.MessageId, message.DequeueCount, message.MessageText, (int)response.StatusCode, body);
        Invocations.Enqueue(invocation);
        if (invocation.Succeeded)
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        else
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: RetryDelay, cancellationToken: cancellationToken);
        }
    }
}
