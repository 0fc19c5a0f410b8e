// Entry of the worker thread that hosts one loaded source. PLACEHOLDER until the actor-core work lands.
export {};
