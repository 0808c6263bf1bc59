package org.frontdesk.reception.claims;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Lets tests outside the claims package run the claim dispatcher now, as its job would. */
@ApplicationScoped
public class ClaimDispatcherAccess {

    @Inject ClaimDispatcher dispatcher;

    public void dispatchAll() {
        dispatcher.dispatch(50);
    }
}
