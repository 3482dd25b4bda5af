using DurableEngine.Tests.Infrastructure;

namespace DurableEngine.Tests.Client;

public sealed class InstanceQueryTests
{
    [Fact]
    public async Task Queries_filter_by_status_name_and_creation_time_and_pages_cover_each_instance_once()
    {
        await using var host = await EngineHost.StartAsync(e => e
            .AddOrchestrator<int, int>("Quick", (_, n) => Task.FromResult(n))
            .AddOrchestrator<int, string>("Slow", (ctx, _) => ctx.WaitForExternalEvent<string>("Go")));
        var quick = new List<string>();
        var slow = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            var name = i % 5 < 3 ? "Quick" : "Slow";
            var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(name, i, new StartOrchestrationOptions($"q{i:00}"));
            (name == "Quick" ? quick : slow).Add(id);
        }

        foreach (var id in quick)
        {
            await host.WaitForCompletionAsync(id);
        }

        var all = new List<OrchestrationMetadata>();
        foreach (var id in slow)
        {
            all.Add(await host.WaitForStatusAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running));
        }

        foreach (var id in quick)
        {
            all.Add((await host.Client.GetInstanceAsync(id))!);
        }

        Assert.Equal(quick.Order(), await QueryAllAsync(host, new OrchestrationQuery { RuntimeStatus = [OrchestrationRuntimeStatus.Completed] }));
        Assert.Equal(slow.Order(), await QueryAllAsync(host, new OrchestrationQuery { RuntimeStatus = [OrchestrationRuntimeStatus.Running] }));
        Assert.Equal(slow.Order(), await QueryAllAsync(host, new OrchestrationQuery { Name = "Slow" }));
        Assert.Empty(await QueryAllAsync(host, new OrchestrationQuery { Name = "Slow", RuntimeStatus = [OrchestrationRuntimeStatus.Completed] }));

        // A window between two stored creation times, bounds included.
        var byTime = all.OrderBy(m => m.CreatedAt).ToList();
        var (from, to) = (byTime[5].CreatedAt, byTime[15].CreatedAt);
        var inWindow = all.Where(m => m.CreatedAt >= from && m.CreatedAt <= to).Select(m => m.InstanceId).Order();
        Assert.Equal(inWindow, await QueryAllAsync(host, new OrchestrationQuery { CreatedFrom = from, CreatedTo = to }));
        Assert.Equal(
            all.Where(m => m.CreatedAt >= from).Select(m => m.InstanceId).Order(),
            await QueryAllAsync(host, new OrchestrationQuery { CreatedFrom = from }));

        // Pages of 10: together they hold every instance exactly once.
        var pages = new List<IReadOnlyList<OrchestrationMetadata>>();
        string? token = null;
        do
        {
            var page = await host.Client.QueryInstancesAsync(new OrchestrationQuery { PageSize = 10, ContinuationToken = token });
            pages.Add(page.Instances);
            token = page.ContinuationToken;
        }
        while (token is not null && pages.Count < 20);

        Assert.Null(token);
        Assert.All(pages, p => Assert.True(p.Count <= 10));
        Assert.True(pages.Count >= 3, $"Expected at least 3 pages of 10, got {pages.Count}.");
        Assert.Equal(quick.Concat(slow).Order(), pages.SelectMany(p => p).Select(m => m.InstanceId).Order());
    }

    private static async Task<List<string>> QueryAllAsync(EngineHost host, OrchestrationQuery query)
    {
        var ids = new List<string>();
        string? token = null;
        do
        {
            var page = await host.Client.QueryInstancesAsync(query with { PageSize = 10, ContinuationToken = token });
            ids.AddRange(page.Instances.Select(i => i.InstanceId));
            token = page.ContinuationToken;
        }
        while (token is not null);

        return ids.Order().ToList();
    }
}
