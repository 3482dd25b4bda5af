using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FunctionApp.Connectors;
using FunctionApp.Telemetry;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.InventoryChanges;
using FunctionApp.Tests.Orders;

namespace FunctionApp.Tests.Telemetry;

/// <summary>
/// The app's metrics as an exporter sees them. Meters are process-wide, so other tests' apps add to the counters too:
/// counts are checked as lower bounds, and the queue gauges by this test's own queue.
/// </summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Orders_are_counted_by_outcome_with_their_sync_wait_and_third_party_calls_by_system_and_result()
    {
        using var metrics = new MetricRecorder();
        await using var app = await AppFactory.StartAsync();
        var orders = new OrderDriver(app);

        var placed = await orders.PlaceAsync(OrderDriver.Order(await orders.StockedSkuAsync()));

        Assert.Equal("Confirmed", placed.Body.GetProperty("status").GetString());
        Assert.True(metrics.Sum("acme.orders", ("outcome", "Confirmed")) >= 1);
        Assert.True(metrics.Count("acme.orders.sync_wait", ("reply", "answered")) >= 1);
        Assert.True(metrics.Sum("acme.integration.calls", ("system", QuickBooksClient.System), ("result", "200")) >= 1);
        Assert.True(metrics.Count("acme.integration.call.duration", ("system", SesClient.System), ("result", "200")) >= 1);
    }

    [Fact]
    public async Task The_inventory_change_queue_reports_its_depth_the_age_of_its_oldest_change_and_its_poison_count()
    {
        using var metrics = new MetricRecorder();
        await using var app = await InventoryChangeDriver.StartAppAsync(
            new Dictionary<string, string?> { ["InventoryChanges:GaugeInterval"] = "00:00:01" }, InventoryChangeDriver.WithoutQueueConsumer);
        var driver = new InventoryChangeDriver(app);
        var sku = "GAUGE-" + Guid.NewGuid().ToString("N")[..8];
        var queue = ("messaging.destination.name", (object?)driver.Queue.Name);

        await driver.PostAcceptedAsync([($"1-{sku}", sku, 1), ($"2-{sku}", sku, 2), ($"3-{sku}", sku, 3)]);

        var depth = await Poll.UntilAsync(() => Task.FromResult(metrics.Observe("acme.inventory_changes.queue.depth", queue)), d => d == 3, TimeSpan.FromSeconds(30), "a depth of 3");
        var age = await Poll.UntilAsync(() => Task.FromResult(metrics.Observe("acme.inventory_changes.queue.oldest_age", queue)), a => a > 0, TimeSpan.FromSeconds(30), "the oldest change's age");
        Assert.Equal(3, depth);
        Assert.True(age > 0);
        Assert.Equal(0, metrics.Observe("acme.inventory_changes.poisoned", queue));
    }

    /// <summary>Records the app's measurements, with their tags.</summary>
    private sealed class MetricRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Name, double Value, KeyValuePair<string, object?>[] Tags, bool Observed)> _measurements = new();

        public MetricRecorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == IntegrationTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
            _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Add(i, v, t));
            _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i, v, t));
            _listener.Start();
        }

        public double Sum(string name, params (string Key, object? Value)[] tags) => Matching(name, tags, observed: false).Sum();

        public int Count(string name, params (string Key, object? Value)[] tags) => Matching(name, tags, observed: false).Count();

        /// <summary>The gauge's current value for these tags (NaN when it reports none).</summary>
        public double Observe(string name, params (string Key, object? Value)[] tags)
        {
            _listener.RecordObservableInstruments();
            return Matching(name, tags, observed: true).DefaultIfEmpty(double.NaN).Last();
        }

        public void Dispose() => _listener.Dispose();

        private IEnumerable<double> Matching(string name, (string Key, object? Value)[] tags, bool observed) =>
            _measurements.Where(m => m.Name == name && m.Observed == observed
                && tags.All(t => m.Tags.Any(tag => tag.Key == t.Key && Equals(tag.Value, t.Value)))).Select(m => m.Value);

        private void Add<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
            where T : struct =>
            _measurements.Enqueue((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), tags.ToArray(), instrument.IsObservable));
    }
}
