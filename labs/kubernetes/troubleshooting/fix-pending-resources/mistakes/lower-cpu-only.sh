# mistake: lowers the CPU request only; no node has 6Gi of memory to offer either
# fails: fix/rolled-out
# message: Insufficient memory
echo "0/3 nodes are available: 2 Insufficient cpu, 2 Insufficient memory" > ~/scheduling.txt
echo 2 > ~/node01-allocatable.txt
kubectl set resources deployment/report-worker -n analytics --requests=cpu=250m
