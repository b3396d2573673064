/**
 * The documented exit codes (README, "Exit codes"). CI scripts branch on these, so they are
 * a public contract: 0 pass, 1 regression or budget failed, 2 invalid input or usage,
 * 3 environment, provisioning or internal failure.
 */
export const EXIT = {
  pass: 0,
  failed: 1,
  usage: 2,
  environment: 3,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]
