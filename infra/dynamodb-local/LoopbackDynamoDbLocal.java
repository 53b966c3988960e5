// Starts AWS's DynamoDB Local bound to one address (127.0.0.1 by default) instead of every interface.
// DynamoDB Local 1.25 has no -host option: its Jetty server listens on all addresses. This launcher
// builds the server from the usual command-line arguments, points Jetty's connectors at the loopback
// address before start, then runs it until the process is signalled.
// Run with: java -cp "DynamoDBLocal.jar:DynamoDBLocal_lib/*" LoopbackDynamoDbLocal.java -port N -dbPath DIR
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

public class LoopbackDynamoDbLocal {
    public static void main(String[] args) throws Exception {
        String bindHost = System.getProperty("dynamodb.bindHost", "127.0.0.1");
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
        if (proxy == null) {
            System.exit(2);
        }
        var field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server jetty = (Server) field.get(proxy);
        for (Connector connector : jetty.getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
                serverConnector.setHost(bindHost);
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.stop();
            } catch (Exception ignored) {
                // the JVM is exiting anyway; nothing to report to
            }
        }));
        proxy.start();
        System.out.println("DynamoDB Local listening on http://" + bindHost + ":" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort());
        proxy.join();
    }
}
