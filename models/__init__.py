"""System-dynamics models of the social and solidarity economy (CAE, SAP): loading, running, scenarios."""
