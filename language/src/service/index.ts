// The pure TLI language service. PLACEHOLDER until the language work lands.
export {};
