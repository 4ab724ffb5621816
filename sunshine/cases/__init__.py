"""Case machinery of the kernel (案件流程内核): the workflow engine (`workflow`), permission policies
(`permissions`) and the exhaustive transition-table test helper (`testing`). No models: every app keeps its own
case table; this package gives them one shape."""
