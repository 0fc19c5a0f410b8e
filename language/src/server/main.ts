// The TLI language server (stdio). PLACEHOLDER until the language work lands.
process.stderr.write('tli-language-server: not built yet\n');
process.exitCode = 1;
