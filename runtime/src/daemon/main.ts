// The daemon process entry. PLACEHOLDER until the daemon work lands.
process.stderr.write('daemon: not built yet\n');
process.exitCode = 1;
