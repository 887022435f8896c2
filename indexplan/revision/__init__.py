"""A stack as it was at a git revision: the BASE of `indexplan diff STACK --base-ref REV`.

The stack file and the program (Pulumi.yaml, infra/) are copied out of git's objects into a
temporary tree, never checked out: the working tree, the index and .git stay untouched, and an
interrupted run leaves nothing behind in the repository. The tree's graph-cache key is this
checkout's key function run on the tree (`indexplan.cache.program_key`), so a warm cache
answers without building anything. On a miss, this checkout's graph builder runs the
revision's program in a child process whose `infra` package is the revision's: two versions of
one package cannot share an interpreter, and the CLI has already imported its own `infra` to
check stack files.
"""
