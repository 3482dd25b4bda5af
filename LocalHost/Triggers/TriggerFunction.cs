using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;

namespace LocalHost.Triggers;

/// <summary>A function started by a trigger this host runs itself, with its settings resolved.</summary>
internal abstract record TriggerFunction(string Name);

/// <summary>A queue-triggered function: its queue, and how to run it for one message.</summary>
internal sealed record QueueFunction(string Name, string QueueName, Func<IServiceProvider, QueueMessage, CancellationToken, Task> Invoke) : TriggerFunction(Name);

/// <summary>A timer-triggered function: its schedule (NCRONTAB with seconds), and how to run it for one occurrence.</summary>
internal sealed record TimerFunction(string Name, string Schedule, Func<IServiceProvider, TimerInfo, CancellationToken, Task> Invoke) : TriggerFunction(Name);
