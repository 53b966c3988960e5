namespace ECommerce.AppHost.Publishing.Graph;

/// <summary>
/// Where a service listens in its container (every endpoint of the model gets one, by name) and the port its
/// Kubernetes Service offers it on. Locally the model gives each service stable ports of its own on 127.0.0.1;
/// deployed, every pod has its own address, so every service uses the same two.
/// </summary>
public static class Ports
{
    public const int Http = 8080;
    public const int Management = 8081;
    public const int ServiceHttp = 80;

    public static int Container(string endpointName) => endpointName switch
    {
        "http" => Http,
        ServiceExtensions.ManagementEndpoint => Management,
        _ => throw new DistributedApplicationException($"Endpoint '{endpointName}' has no deployed port: name it in {nameof(Ports)}."),
    };

    public static int Service(string endpointName) => endpointName == "http" ? ServiceHttp : Container(endpointName);
}
