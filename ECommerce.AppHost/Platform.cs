using System.Runtime.Versioning;

// The AppHost runs resources as Linux processes (setsid, setpriv, /proc); the deployed services run anywhere.
[assembly: SupportedOSPlatform("linux")]
