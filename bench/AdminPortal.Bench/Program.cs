using AdminPortal.Bench;

// bench/bench.sh [--quick] [--soak] [--soak-minutes N] [--webhooks]: see bench/README.md.
var settings = Settings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine("usage: bench/bench.sh [--quick] [--soak] [--soak-minutes N] [--webhooks]");
    return 2;
}
try
{
    var failures = await BenchRun.RunAsync(settings);
    if (failures.Count > 0)
    {
        Console.Error.WriteLine();
        Console.Error.WriteLine("THE BENCHMARK ITSELF FAILED:");
        failures.ForEach(f => Console.Error.WriteLine("  - " + f));
        return 1;
    }
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine("THE BENCHMARK ITSELF FAILED: " + e);
    return 1;
}
