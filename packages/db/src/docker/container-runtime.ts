/**
 * Whether a container runtime answers, asked through testcontainers itself
 * (getContainerRuntimeClient), so dyno and the docker provider agree. With no runtime it
 * fails in a few milliseconds (notes: 1–3 ms with no socket), so `auto` can ask on every
 * run. testcontainers is loaded only here and in the docker provider: it is an optional
 * dependency, ~170 packages that nobody without Docker needs in memory.
 */
export type ContainerRuntimeStatus = { available: true; detail: string } | { available: false; reason: string; hint: string }

export type TestcontainersModule = typeof import('testcontainers')

export const TESTCONTAINERS_RANGE = '~11.14.0'

export async function loadTestcontainers(): Promise<TestcontainersModule | null> {
  try {
    return await import('testcontainers')
  } catch {
    return null
  }
}

export async function detectContainerRuntime(): Promise<ContainerRuntimeStatus> {
  const testcontainers = await loadTestcontainers()
  if (testcontainers === null) {
    return {
      available: false,
      reason: 'the optional testcontainers package is not installed',
      // 12.x crashes on import under Node 20 (its undici needs zstd from Node ≥ 22.19).
      hint: `npm install testcontainers@${TESTCONTAINERS_RANGE} (not 12.x, which needs Node 22)`,
    }
  }
  try {
    const client = await testcontainers.getContainerRuntimeClient()
    const runtime = client.info.containerRuntime
    return { available: true, detail: `${runtime.operatingSystem || 'container runtime'} at ${runtime.host} (${runtime.cpus} CPUs)` }
  } catch (error) {
    return {
      available: false,
      reason: `no container runtime answers (${error instanceof Error ? error.message : String(error)})`,
      hint: 'start Docker (or point DOCKER_HOST at one), or use local binaries (--db local) or your own servers (--db external)',
    }
  }
}
