import os
import sys
from pathlib import Path

# One BLAS thread per process: the suite runs two workers, each with notebook kernels, on two cores,
# and several spinning BLAS threads per process slow everything down. Kernels inherit this.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).parent))   # lets tests import notebook_store
