#!/usr/bin/env node
// Committed launcher: npm links package bins before `prepare` builds dist/, so the bin must
// exist (and be executable) in a fresh clone. The CLI itself lives in dist/bin.js.
import '../dist/bin.js'
