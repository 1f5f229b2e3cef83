// Preloaded into the Prisma 6.19 CLI: its WASM engine arms 10 s / 60 s timers that keep the process
// alive long after the work is done. Unref'd timers still fire but no longer hold the process open.
const timers = require("node:timers");
for (const target of [globalThis, timers]) {
  for (const name of ["setTimeout", "setInterval"]) {
    const original = target[name];
    target[name] = function (...args) {
      const timer = original.apply(this, args);
      if (timer && typeof timer.unref === "function") timer.unref();
      return timer;
    };
  }
}
