// Validates the environment at start-up: a misconfigured production deployment exits here rather than
// answering 500 to every request.
try {
  await import("./env");
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

export {};
