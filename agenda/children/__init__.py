"""Children in the meeting: the CSC decision, the child's voice and the FGC pathway."""
