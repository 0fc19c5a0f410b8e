// The `director` bin. PLACEHOLDER until the CLI work wires the dispatcher and every command.
process.stderr.write('director: not built yet\n');
process.exitCode = 1;
