// The short-lived child of listener-copies.ts: it receives the listening socket's raw handle
// (never listened on here, so nothing is accepted here) and sends it back as many times as
// asked, each arriving as a new descriptor of the same socket.
const count = Number(process.argv[2]);

process.once("message", (_message, handle) => {
  let sent = 0;
  const sendNext = () => {
    if (sent === count) return;
    sent += 1;
    process.send("copy", handle, sendNext);
  };
  sendNext();
});
process.once("disconnect", () => process.exit(0));
