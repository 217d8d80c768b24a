// Preloaded (node --import) into a benchmarked child process: at exit, its peak RSS and CPU
// time go to stderr as one JSON line, whatever the program is (the real CLI included).
process.on("exit", () => {
  const u = process.resourceUsage();
  process.stderr.write(`\n${JSON.stringify({ benchUsage: { maxRssMb: u.maxRSS / 1024, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 } })}\n`);
});
