/** Waits until `done` answers true, checking every 25 ms; fails after `seconds`. */
export async function until(done: () => Promise<boolean> | boolean, seconds = 30): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`not done within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
