"""Care Gap's benchmark suite (make bench): query speed, reruns, start-up, memory and load."""
