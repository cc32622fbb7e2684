# mistake: scales the Deployment to one replica; that pod does not fit any better
# fails: fix/rolled-out
# message: expected 2
echo "0/3 nodes are available: 2 Insufficient cpu, 2 Insufficient memory" > ~/scheduling.txt
echo 2 > ~/node01-allocatable.txt
kubectl scale deployment report-worker -n analytics --replicas=1
