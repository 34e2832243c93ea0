package springshop;

/** What {@code GET /owners/{ownerId}} throws for an unknown owner: the application's own exception. */
public class OwnerNotFoundException extends RuntimeException {
  public OwnerNotFoundException(int ownerId) {
    super("no owner " + ownerId);
  }
}
