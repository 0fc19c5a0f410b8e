// The packager: gensrc, tlsinfo, avail, keygen. PLACEHOLDER until the packaging work lands.
export {};
