using ECommerce.Benchmarks.Orders;

// eng/bench-orders.sh [seconds per measurement (20)] [concurrent clients (16)]
var seconds = args.Length > 0 ? int.Parse(args[0]) : 20;
var clients = args.Length > 1 ? int.Parse(args[1]) : 16;
return await OrdersBenchmark.RunAsync(TimeSpan.FromSeconds(seconds), clients);
