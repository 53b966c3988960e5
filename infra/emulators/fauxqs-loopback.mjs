// Starts fauxqs bound to loopback only.
// fauxqs 2.4 hard-codes listen({ host: "0.0.0.0" }); a developer machine must not expose an
// unauthenticated SQS/S3 endpoint to its network, so the wildcard address is rewritten before
// fauxqs is loaded. FAUXQS_BIND_HOST chooses the address (default 127.0.0.1).
import net from "node:net";

const bindHost = process.env.FAUXQS_BIND_HOST ?? "127.0.0.1";
const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const options = args[0];
  if (options && typeof options === "object" && (options.host === "0.0.0.0" || options.host === "::")) {
    args[0] = { ...options, host: bindHost };
  }
  return originalListen.apply(this, args);
};

const { startFauxqs } = await import("fauxqs");
const server = await startFauxqs({ logger: process.env.FAUXQS_LOGGER !== "false" });
console.log(`fauxqs listening on http://${bindHost}:${server.port}`);

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, async () => {
    await server.stop();
    process.exit(0);
  });
}
