// CLI end-to-end fixture: a scenario file that fails while loading.
throw new Error('cannot reach the fixture server')
