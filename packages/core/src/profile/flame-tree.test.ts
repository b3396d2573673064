import { describe, expect, it } from 'vitest'
import { syntheticProfile } from '../../test-fixtures/synthetic-profile.js'
import { type FlameNode, flameTreeFromCpuProfile, flameTreeFromHeapProfile } from './flame-tree.js'

function find(node: FlameNode, name: string): FlameNode | undefined {
  if (node.name === name) return node
  for (const child of node.children) {
    const found = find(child, name)
    if (found) return found
  }
  return undefined
}

describe('flame trees', () => {
  it('gives every node its self time plus its children’s, heaviest child first', () => {
    const tree = flameTreeFromCpuProfile(
      syntheticProfile([
        { stack: ['main', 'light'], samples: 1 },
        { stack: ['main', 'heavy'], samples: 5 },
        { stack: ['main'], samples: 2 },
      ]),
    )
    expect(tree.name).toBe('all')
    expect(tree.total).toBeCloseTo(800, 9)
    const main = find(tree, 'main')
    expect(main?.self).toBeCloseTo(200, 9)
    expect(main?.children.map((c) => c.name)).toEqual(['heavy', 'light'])
  })

  it('weights a heap profile by allocated bytes', () => {
    const frame = (functionName: string) => ({ functionName, scriptId: '1', url: 'file:///p/a.js', lineNumber: 1, columnNumber: 1 })
    const tree = flameTreeFromHeapProfile({
      head: {
        callFrame: frame('(root)'),
        selfSize: 0,
        id: 1,
        children: [{ callFrame: frame('allocate'), selfSize: 4096, id: 2, children: [] }],
      },
      samples: [],
    })
    expect(tree.total).toBe(4096)
    expect(find(tree, 'allocate')?.self).toBe(4096)
  })
})
