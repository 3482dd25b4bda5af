using System.Net;
using System.Net.Sockets;

namespace FunctionApp.Tests.Infrastructure;

/// <summary>Ports on 127.0.0.1 that nothing listens on at the moment of asking.</summary>
public static class FreePorts
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
