using FunctionApp.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace FunctionApp.Tests.Telemetry;

/// <summary>The console's rolling view of each system: what counts as a failure, the percentiles, the window, the circuit.</summary>
public sealed class IntegrationHealthWindowTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Every_registered_system_shows_before_its_first_call_and_calls_of_an_unregistered_one_show_too()
    {
        var health = new IntegrationHealth([new MonitoredSystem("Erp"), new MonitoredSystem("Acme"), new MonitoredSystem("Erp")], _time);
        Record(health, "Other", TimeSpan.FromMilliseconds(5), "200");

        var systems = health.Read();

        Assert.Equal(["Acme", "Erp", "Other"], systems.Select(s => s.System));
        Assert.Equal((0, (double?)null, (double?)null, SystemHealth.Closed, (CallFailure?)null), (systems[0].Calls, systems[0].P50Ms, systems[0].P99Ms, systems[0].Circuit, systems[0].LastFailure));
        Assert.Equal(1, systems[2].Calls);
    }

    [Fact]
    public void Failures_are_calls_without_an_answer_or_with_a_transient_error_and_other_4xx_are_client_errors()
    {
        var health = new IntegrationHealth([new MonitoredSystem("Erp")], _time);
        foreach (var result in new[] { "200", "201", "404", "400", "401", "408", "429", "500", "503", "timeout", "unreachable", "circuit_open" })
        {
            Record(health, "Erp", TimeSpan.FromMilliseconds(10), result);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var erp = health.Read().Single();

        Assert.Equal((12, 7, 3), (erp.Calls, erp.Failures, erp.ClientErrors));
        Assert.Equal("circuit_open", erp.LastFailure!.Result);
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromSeconds(1), erp.LastFailure.At);
    }

    [Fact]
    public void The_percentiles_are_of_the_calls_in_the_last_five_minutes_only()
    {
        var health = new IntegrationHealth([new MonitoredSystem("Erp")], _time);
        Record(health, "Erp", TimeSpan.FromSeconds(30), "503");
        _time.Advance(TimeSpan.FromMinutes(1));
        for (var ms = 1; ms <= 100; ms++)
        {
            Record(health, "Erp", TimeSpan.FromMilliseconds(ms), "200");
        }

        var withSlowCall = health.Read().Single();
        _time.Advance(IntegrationHealth.Window - TimeSpan.FromSeconds(30));
        var withoutIt = health.Read().Single();
        _time.Advance(TimeSpan.FromMinutes(1));
        var empty = health.Read().Single();

        Assert.Equal((101, 1, 51.0, 100.0), (withSlowCall.Calls, withSlowCall.Failures, withSlowCall.P50Ms, withSlowCall.P99Ms));
        Assert.Equal((100, 0, 50.0, 99.0, (CallFailure?)null), (withoutIt.Calls, withoutIt.Failures, withoutIt.P50Ms, withoutIt.P99Ms, withoutIt.LastFailure));
        Assert.Equal((0, (double?)null), (empty.Calls, empty.P50Ms));
    }

    [Fact]
    public void A_system_is_open_while_any_of_its_breakers_is_open_and_half_open_once_the_break_is_over()
    {
        var health = new IntegrationHealth([new MonitoredSystem("QuickBooks")], _time);
        health.CircuitOpened("QuickBooks", "tokens", TimeSpan.FromSeconds(30));
        health.CircuitOpened("QuickBooks", "api", TimeSpan.FromSeconds(10));
        var open = health.Read().Single();
        _time.Advance(TimeSpan.FromSeconds(31));
        var breakOver = health.Read().Single();
        health.CircuitClosed("QuickBooks", "tokens");
        health.CircuitHalfOpened("QuickBooks", "api");
        var trial = health.Read().Single();
        health.CircuitClosed("QuickBooks", "api");

        Assert.Equal((SystemHealth.Open, (DateTimeOffset?)_time.GetUtcNow().AddSeconds(-1)), (open.Circuit, open.CircuitOpenUntil));
        Assert.Equal((SystemHealth.HalfOpen, (DateTimeOffset?)null), (breakOver.Circuit, breakOver.CircuitOpenUntil));
        Assert.Equal(SystemHealth.HalfOpen, trial.Circuit);
        Assert.Equal(SystemHealth.Closed, health.Read().Single().Circuit);
    }

    /// <summary>A call as the handler records it: the status code when the result is one, else no answer.</summary>
    private static void Record(IntegrationHealth health, string system, TimeSpan duration, string result) =>
        health.RecordCall(system, duration, int.TryParse(result, out var status) ? status : null, result);
}
