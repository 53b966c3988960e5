using System.Runtime.Versioning;

// The tests run the AppHost, which runs resources as Linux processes.
[assembly: SupportedOSPlatform("linux")]
