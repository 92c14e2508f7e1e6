// `npm run bench`: every benchmark, each against its baseline measured in the same run.
// Select some with arguments: `npm run bench -- ocpp`.
export {};

const all: Record<string, () => Promise<void>> = {
  ocpp: async () => (await import('./ocpp.bench')).run(),
  exi: async () => (await import('./exi.bench')).run(),
  grid: async () => (await import('./grid.bench')).run(),
  app: async () => (await import('./app.bench')).run(),
};

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(all)) {
  if (wanted.length && !wanted.includes(name)) continue;
  await run();
}
